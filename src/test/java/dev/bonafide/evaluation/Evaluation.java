package dev.bonafide.evaluation;

import dev.bonafide.engine.CompiledRuleset;
import dev.bonafide.engine.ConnectionRequest;
import dev.bonafide.engine.PhraseBook;
import dev.bonafide.engine.Rule;
import dev.bonafide.engine.Ruleset;
import dev.bonafide.engine.RulesetCompilationException;
import dev.bonafide.engine.RulesetCompiler;
import dev.bonafide.engine.Screener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the labelled datasets through the engine, in process, the way the datasets' README maps them
 * onto requests: each text is the note of a request from a stranger with no mutual connections and
 * an ordinary network of {@value #STRANGER_NETWORK_SIZE}, so only the note decides; each account is
 * a request judged by the ruleset's network-size rules alone.
 */
public final class Evaluation {

    /** The network size of the strangers whose notes the texts become. */
    public static final long STRANGER_NETWORK_SIZE = 300;

    /**
     * Everything one run measured: each corpus whole, its distinct texts, and its tuning and test
     * parts ({@link ClassifierEvaluation#halves}). Phrases and weights are chosen on the tuning parts;
     * the goals are judged on the test parts.
     */
    public record Report(
            CorpusResult youtube,
            CorpusResult youtubeDistinct,
            CorpusResult sms,
            CorpusResult smsDistinct,
            Parts youtubeParts,
            Parts smsParts,
            AccountsResult accounts,
            long millis) {}

    /** One corpus measured on its tuning part and on its test part. */
    public record Parts(CorpusResult tuning, CorpusResult test) {}

    private final Screener screener;
    private final Ruleset ruleset;
    private final CompiledRuleset compiled;
    private final CompiledRuleset networkSizeOnly;

    /**
     * @throws RulesetCompilationException when the ruleset does not compile
     */
    public Evaluation(Ruleset ruleset, PhraseBook phrases) throws RulesetCompilationException {
        RulesetCompiler compiler = new RulesetCompiler();
        this.screener = new Screener(phrases);
        this.ruleset = ruleset;
        this.compiled = compiler.compile(ruleset);
        this.networkSizeOnly = compiler.compile(NetworkSizeRules.of(ruleset));
    }

    /** Reads the three files of the directory and measures the ruleset on them. */
    public Report run(Path datasets) throws IOException {
        long start = System.nanoTime();
        Datasets.requirePresent(datasets);
        List<Datasets.LabelledText> youtube = Datasets.youtube(datasets);
        List<Datasets.LabelledText> sms = Datasets.sms(datasets);
        List<Datasets.Account> accounts = Datasets.accounts(datasets);
        CorpusResult youtubeAll = corpus("YouTube comments", youtube);
        CorpusResult youtubeDistinct = corpus("YouTube comments, distinct texts", Datasets.distinct(youtube));
        CorpusResult smsAll = corpus("SMS messages", sms);
        CorpusResult smsDistinct = corpus("SMS messages, distinct texts", Datasets.distinct(sms));
        Parts youtubeParts = parts("YouTube comments", youtube);
        Parts smsParts = parts("SMS messages", sms);
        AccountsResult accountsResult = accounts(accounts);
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Report(
                youtubeAll, youtubeDistinct, smsAll, smsDistinct, youtubeParts, smsParts, accountsResult, millis);
    }

    /** The corpus split as the classifier's evaluation splits it, by a fixed hash of each text. */
    public Parts parts(String name, List<Datasets.LabelledText> texts) {
        ClassifierEvaluation.Halves halves = ClassifierEvaluation.halves(texts);
        return new Parts(corpus(name + ", tuning part", halves.tuning()), corpus(name + ", test part", halves.test()));
    }

    /** Screens each text as the note of a stranger's request. */
    public CorpusResult corpus(String name, List<Datasets.LabelledText> texts) {
        CorpusResult result = new CorpusResult(name);
        for (Datasets.LabelledText text : texts) {
            result.add(
                    text.label(),
                    screener.screen(ConnectionRequest.fromStranger(text.text(), 0, STRANGER_NETWORK_SIZE), compiled));
        }
        return result;
    }

    /** Scores each account's network size, three ways, with the network-size rules alone. */
    public AccountsResult accounts(List<Datasets.Account> accounts) {
        AccountsResult result = new AccountsResult(networkSizeOnly.ruleset().rules().stream()
                .filter(Rule::enabled)
                .map(Rule::id)
                .toList());
        for (Datasets.Account account : accounts) {
            for (AccountsResult.Measure measure : AccountsResult.Measure.values()) {
                result.add(
                        measure,
                        account.label(),
                        networkSizeOnly.assess(
                                screener.facts(ConnectionRequest.fromStranger(null, 0, measure.size(account)))));
            }
        }
        return result;
    }

    public Ruleset ruleset() {
        return ruleset;
    }
}
