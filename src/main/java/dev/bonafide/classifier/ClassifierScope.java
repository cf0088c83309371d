package dev.bonafide.classifier;

/** Whose model a screening reads and its feedback teaches. */
public enum ClassifierScope {
    /** Each app has its own model: one app's feedback never moves another's verdicts. */
    APP,
    /** One model for all apps: more examples, sooner trained. */
    SHARED;

    /** The scope key of an app's model: its id, or the empty string for the shared model. */
    public String of(String appId) {
        return this == APP ? appId : "";
    }
}
