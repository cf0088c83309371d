package dev.bonafide.engine;

/** Scores connection requests: derives their facts, then runs a compiled ruleset over them. Thread-safe. */
public final class Screener {

    private final FactExtractor facts;

    public Screener(PhraseBook phrases) {
        this.facts = new FactExtractor(phrases);
    }

    public Facts facts(ConnectionRequest request) {
        return facts.extract(request);
    }

    public Facts facts(ConnectionRequest request, HistoryFacts history) {
        return facts.extract(request, history);
    }

    /** The facts, with the note read by the app's classifier. */
    public Facts facts(ConnectionRequest request, HistoryFacts history, NoteClassifier classifier) {
        return facts.extract(request, history, classifier);
    }

    public Assessment screen(ConnectionRequest request, CompiledRuleset ruleset) {
        return ruleset.assess(facts.extract(request));
    }
}
