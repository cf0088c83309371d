/**
 * Backtests: a draft ruleset (or a stored version) replayed on stored screenings in the
 * background, from the facts each screening saw, to show what a change would do before it is in
 * force. {@link dev.bonafide.backtest.BacktestResource} takes and shows them,
 * {@link dev.bonafide.backtest.BacktestService} queues and runs them, {@link dev.bonafide.backtest.Tally}
 * counts a replay, and {@link dev.bonafide.backtest.BacktestStore} is their storage port.
 */
package dev.bonafide.backtest;
