package dev.bonafide.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bonafide.engine.PhraseBook;
import dev.bonafide.engine.Rule;
import dev.bonafide.engine.Ruleset;
import dev.bonafide.engine.RulesetCompilationException;
import dev.bonafide.engine.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation on small fixtures written here (never the datasets' own texts). */
class EvaluationTest {

    private static final Ruleset RULES = new Ruleset(
            3,
            65,
            35,
            List.of(
                    new Rule("pitch", null, "salesPitch", -25, "pitch", null, true),
                    new Rule("reason", null, "givesReason", 20, "reason", null, true),
                    new Rule("big", null, "requesterNetworkSize >= 1000", -5, "big", null, true),
                    new Rule("huge", null, "requesterNetworkSize >= 5000", -20, "huge", null, true),
                    new Rule("big-and-silent", null, "requesterNetworkSize >= 1000 && !hasNote", -50, "x", null, true),
                    new Rule(
                            "big-and-unshared",
                            null,
                            "requesterNetworkSize >= 2000 && !claimsSharedHistory",
                            -5,
                            "unshared",
                            null,
                            true),
                    new Rule("off", null, "requesterNetworkSize >= 10", -50, "off", null, false)));

    private static final PhraseBook PHRASES =
            PhraseBook.of(Map.of("salesPitch", List.of("buy now"), "givesReason", List.of("because")));

    @Test
    void factsNamedByAnExpressionComeFromItsSyntaxTree() {
        assertThat(NetworkSizeRules.factsNamedBy("requesterNetworkSize >= 1000"))
                .containsExactly("requesterNetworkSize");
        assertThat(NetworkSizeRules.factsNamedBy("[1, 2].exists(x, x > requesterNetworkSize)"))
                .containsExactly("requesterNetworkSize");
        assertThat(NetworkSizeRules.factsNamedBy("message.contains('requesterNetworkSize') && hasNote"))
                .containsExactly("hasNote", "message");
        assertThat(NetworkSizeRules.factsNamedBy("true")).isEmpty();
        assertThatThrownBy(() -> NetworkSizeRules.factsNamedBy("requesterNetworkSize >"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void networkSizeRulesAreThoseThatNameTheSizeAndNothingButWhatTheNoteSays() {
        Ruleset only = NetworkSizeRules.of(RULES);

        assertThat(only.rules()).extracting(Rule::id).containsExactly("big", "huge", "big-and-unshared", "off");
        assertThat(only.acceptThreshold()).isEqualTo(65);
        assertThat(only.declineThreshold()).isEqualTo(35);
    }

    @Test
    void textsAreNotesOfStrangersWithAnOrdinaryNetwork() throws RulesetCompilationException {
        CorpusResult r = new Evaluation(RULES, PHRASES)
                .corpus(
                        "fixture",
                        List.of(
                                new Datasets.LabelledText("spam", "Buy now, buy now"),
                                new Datasets.LabelledText("spam", "hello"),
                                new Datasets.LabelledText("ham", "because I'd like to meet you"),
                                new Datasets.LabelledText("ham", "see you at lunch")));

        assertThat(r.verdicts().count("spam", Verdict.DECLINE)).isEqualTo(1);
        assertThat(r.verdicts().count("spam", Verdict.REVIEW)).isEqualTo(1);
        assertThat(r.verdicts().count("ham", Verdict.ACCEPT)).isEqualTo(1);
        assertThat(r.verdicts().count("ham", Verdict.REVIEW)).isEqualTo(1);
        // the network of 300 sets off no network-size rule
        assertThat(r.ruleHits("spam")).extracting(CorpusResult.RuleHits::ruleId).containsExactly("pitch");
    }

    @Test
    void accountsAreScoredByTheNetworkSizeRulesAloneReadThreeWays() throws RulesetCompilationException {
        AccountsResult r = new Evaluation(RULES, PHRASES)
                .accounts(List.of(
                        new Datasets.Account("human", 1200, 10),
                        new Datasets.Account("human", 6000, 0),
                        new Datasets.Account("fake", 10, 2000)));

        assertThat(r.ruleIds()).containsExactly("big", "huge", "big-and-unshared");
        // followers: 45 REVIEW, 25 DECLINE | 50 REVIEW
        assertThat(r.declined(AccountsResult.Measure.FOLLOWERS, "human")).isEqualTo(1);
        assertThat(r.belowNeutral(AccountsResult.Measure.FOLLOWERS, "human")).isEqualTo(2);
        assertThat(r.belowNeutral(AccountsResult.Measure.FOLLOWERS, "fake")).isZero();
        // following: 50, 50 | 45
        assertThat(r.declined(AccountsResult.Measure.FOLLOWING, "human")).isZero();
        assertThat(r.belowNeutralShare(AccountsResult.Measure.FOLLOWING, "fake"))
                .isEqualTo(1.0);
        // the larger of the two
        assertThat(r.declinedShare(AccountsResult.Measure.LARGER, "human")).isEqualTo(0.5);
        assertThat(r.reviewedShare(AccountsResult.Measure.LARGER, "fake")).isEqualTo(1.0);
        assertThat(Goals.maxHumansDeclined(r)).isEqualTo(1);
    }

    @Test
    void theCommandPrintsEveryCorpusAndTheGoals(@TempDir Path dir) throws IOException {
        Files.writeString(
                dir.resolve(Datasets.YOUTUBE),
                "label,video,text\nspam,v,\"check out my channel, subscribe\"\nham,v,nice tune\n");
        Files.writeString(
                dir.resolve(Datasets.SMS),
                "label,text\r\nspam,\"You have won a prize, claim it\"\r\nham,meet at the library on friday\r\n");
        Files.writeString(
                dir.resolve(Datasets.ACCOUNTS),
                "label,group,followers,following,statuses,has_bio\nhuman,a,1500,20,1,true\nfake,b,3,40,0,false\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = Evaluate.run(
                new String[] {dir.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(report)
                .contains(
                        "## Goals",
                        "## YouTube comments (2 rows",
                        "## SMS messages (2 rows",
                        "## Accounts (cresci-2015)",
                        "| spam | 1 (100.0%) | 0 (0.0%) | 0 (0.0%) | 1 |",
                        "Rules that fire on ham",
                        "| sales-pitch | -25 | 1 | 100.0% | 1 |");
    }

    @Test
    void theCommandFailsClearlyWithoutTheData(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = Evaluate.run(
                new String[] {dir.resolve("nowhere").toString()},
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(
                        "not in",
                        "nowhere",
                        Datasets.YOUTUBE,
                        "https://archive.ics.uci.edu/dataset/380/youtube+spam+collection",
                        Datasets.DIRECTORY_PROPERTY);
    }
}
