package dev.bonafide.evaluation;

import dev.bonafide.engine.Verdict;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Writes a report as Markdown tables, readable in a terminal and pasteable into a document. */
public final class ReportPrinter {

    private final PrintStream out;

    public ReportPrinter(PrintStream out) {
        this.out = out;
    }

    public void print(Evaluation.Report report, String title) {
        out.println("# " + title);
        out.println();
        out.printf(
                Locale.ENGLISH,
                "Screened %,d YouTube comments, %,d SMS messages and %,d accounts in %,d ms.%n",
                report.youtube().spam() + report.youtube().ham(),
                report.sms().spam() + report.sms().ham(),
                report.accounts().total(Datasets.HUMAN) + report.accounts().total(Datasets.FAKE),
                report.millis());
        out.println("Each text is the note of a request from a stranger (not known to the recipient, 0 mutual");
        out.println("connections, a network of " + Evaluation.STRANGER_NETWORK_SIZE
                + "), so only the note decides. Shares are of all rows unless marked distinct.");
        out.println();
        goals(report);
        parts(report);
        corpus(report.youtube(), report.youtubeDistinct());
        corpus(report.sms(), report.smsDistinct());
        accounts(report.accounts());
    }

    private void goals(Evaluation.Report report) {
        out.println("## Goals");
        out.println();
        out.println("| goal | target | result | |");
        out.println("|---|---|---|---|");
        for (Goals.Goal goal : Goals.ALL) {
            String target = (goal.atLeast() ? "at least " : "at most ")
                    + (goal.count() ? String.valueOf((long) goal.target()) : percent(goal.target()));
            String result = goal.count() ? String.valueOf((long) goal.of(report)) : percent(goal.of(report));
            out.printf(
                    "| %s | %s | %s | %s |%n", goal.measure(), target, result, goal.isMet(report) ? "met" : "NOT MET");
        }
        out.println();
    }

    /** Tuning and test parts side by side, the test part first: it is the one nothing was tuned on. */
    private void parts(Evaluation.Report report) {
        out.println("## Test and tuning parts");
        out.println();
        out.println("Each corpus is split by the CRC-32 of the text (copies of a text fall in the same part)."
                + " Phrases and weights are chosen on the tuning part; the test part is the headline.");
        out.println();
        out.println("| corpus | measure | test part | tuning part | all rows |");
        out.println("|---|---|---|---|---|");
        partRows("YouTube comments", report.youtubeParts(), report.youtube());
        partRows("SMS messages", report.smsParts(), report.sms());
        out.println();
    }

    private void partRows(String corpus, Evaluation.Parts parts, CorpusResult all) {
        CorpusResult test = parts.test();
        CorpusResult tuning = parts.tuning();
        out.printf(
                Locale.ENGLISH,
                "| %s | rows (spam / ham) | %,d / %,d | %,d / %,d | %,d / %,d |%n",
                corpus,
                test.spam(),
                test.ham(),
                tuning.spam(),
                tuning.ham(),
                all.spam(),
                all.ham());
        partRow(
                corpus,
                "spam not ACCEPTed",
                test.spamNotAcceptedShare(),
                tuning.spamNotAcceptedShare(),
                all.spamNotAcceptedShare());
        partRow(corpus, "spam DECLINEd", test.spamDeclinedShare(), tuning.spamDeclinedShare(), all.spamDeclinedShare());
        partRow(corpus, "ham DECLINEd", test.hamDeclinedShare(), tuning.hamDeclinedShare(), all.hamDeclinedShare());
    }

    private void partRow(String corpus, String measure, double test, double tuning, double all) {
        out.printf("| %s | %s | **%s** | %s | %s |%n", corpus, measure, percent(test), percent(tuning), percent(all));
    }

    private void corpus(CorpusResult all, CorpusResult distinct) {
        out.printf(
                Locale.ENGLISH,
                "## %s (%,d rows, %,d distinct texts)%n%n",
                all.name(),
                all.spam() + all.ham(),
                distinct.spam() + distinct.ham());
        verdictTable("all rows", all.verdicts(), List.of(Datasets.SPAM, Datasets.HAM));
        verdictTable("distinct texts", distinct.verdicts(), List.of(Datasets.SPAM, Datasets.HAM));
        out.println("| measure | all rows | distinct texts |");
        out.println("|---|---|---|");
        row(
                "spam not ACCEPTed (recall of \"not ACCEPT\")",
                all.spamNotAcceptedShare(),
                distinct.spamNotAcceptedShare());
        row("spam DECLINEd", all.spamDeclinedShare(), distinct.spamDeclinedShare());
        row("ham DECLINEd", all.hamDeclinedShare(), distinct.hamDeclinedShare());
        row("ham not ACCEPTed (REVIEW is fair for ham)", all.hamNotAcceptedShare(), distinct.hamNotAcceptedShare());
        row(
                "precision of \"not ACCEPT\" (spam among the not ACCEPTed)",
                all.notAcceptPrecision(),
                distinct.notAcceptPrecision());
        row("precision of DECLINE (spam among the DECLINEd)", all.declinePrecision(), distinct.declinePrecision());
        out.println();
        for (String label : List.of(Datasets.SPAM, Datasets.HAM)) {
            ruleHits(all, label);
        }
    }

    private void verdictTable(String caption, VerdictCounts counts, List<String> labels) {
        out.println("| " + caption + " | DECLINE | REVIEW | ACCEPT | total |");
        out.println("|---|---|---|---|---|");
        for (String label : labels) {
            int total = counts.total(label);
            out.printf(
                    Locale.ENGLISH,
                    "| %s | %s | %s | %s | %,d |%n",
                    label,
                    cell(counts.count(label, Verdict.DECLINE), total),
                    cell(counts.count(label, Verdict.REVIEW), total),
                    cell(counts.count(label, Verdict.ACCEPT), total),
                    total);
        }
        out.println();
    }

    private void row(String measure, double all, double distinct) {
        out.printf("| %s | %s | %s |%n", measure, percent(all), percent(distinct));
    }

    private void ruleHits(CorpusResult result, String label) {
        List<CorpusResult.RuleHits> hits = result.ruleHits(label);
        out.printf(
                Locale.ENGLISH,
                "Rules that fire on %s (%s, %,d texts):%n%n",
                label,
                result.name(),
                result.verdicts().total(label));
        if (hits.isEmpty()) {
            out.println("(none)");
            out.println();
            return;
        }
        out.println("| rule | points | fired on | share | of which DECLINEd |");
        out.println("|---|---|---|---|---|");
        for (CorpusResult.RuleHits h : hits) {
            out.printf(
                    Locale.ENGLISH,
                    "| %s | %+d | %,d | %s | %,d |%n",
                    h.ruleId(),
                    h.points(),
                    h.fired(),
                    percent(h.share()),
                    h.firedOnDeclined());
        }
        out.println();
    }

    private void accounts(AccountsResult accounts) {
        out.printf(Locale.ENGLISH, "## Accounts (cresci-2015): the network-size rules alone%n%n");
        out.printf(
                Locale.ENGLISH,
                "Rules: %s. %,d real people, %,d bought fakes; each scored from the neutral %d.%n%n",
                accounts.ruleIds().isEmpty() ? "(none)" : String.join(", ", accounts.ruleIds()),
                accounts.total(Datasets.HUMAN),
                accounts.total(Datasets.FAKE),
                AccountsResult.NEUTRAL);
        out.println(
                "| network size read as | label | DECLINE | REVIEW | ACCEPT | pushed toward DECLINE (score < 50) |");
        out.println("|---|---|---|---|---|---|");
        for (AccountsResult.Measure m : AccountsResult.Measure.values()) {
            VerdictCounts v = accounts.verdicts(m);
            for (String label : List.of(Datasets.HUMAN, Datasets.FAKE)) {
                int total = v.total(label);
                out.printf(
                        Locale.ENGLISH,
                        "| %s | %s | %s | %s | %s | %s |%n",
                        m.title(),
                        label,
                        cell(v.count(label, Verdict.DECLINE), total),
                        cell(v.count(label, Verdict.REVIEW), total),
                        cell(v.count(label, Verdict.ACCEPT), total),
                        cell(accounts.belowNeutral(m, label), total));
            }
        }
        out.println();
    }

    private static String cell(int count, int total) {
        return String.format(Locale.ENGLISH, "%,d (%s)", count, percent(VerdictCounts.ratio(count, total)));
    }

    static String percent(double share) {
        return String.format(Locale.ENGLISH, "%.1f%%", share * 100);
    }
}
