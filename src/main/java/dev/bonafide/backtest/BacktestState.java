package dev.bonafide.backtest;

/** Where a backtest is: waiting for its turn, replaying, or finished one of three ways. */
public enum BacktestState {
    QUEUED,
    RUNNING,
    DONE,
    FAILED,
    CANCELLED;

    /** True once nothing more will happen to it. */
    public boolean finished() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }
}
