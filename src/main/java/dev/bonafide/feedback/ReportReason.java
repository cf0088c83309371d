package dev.bonafide.feedback;

/** Why a recipient reported a request, when the app knows. */
public enum ReportReason {
    SPAM,
    FAKE_ACCOUNT,
    HARASSMENT,
    OTHER
}
