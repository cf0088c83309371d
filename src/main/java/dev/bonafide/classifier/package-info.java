/**
 * The note classifier learnt from feedback: {@link dev.bonafide.classifier.ClassifierStore} is its
 * storage port (the counts are learnt in the same transaction as the feedback that teaches them),
 * {@link dev.bonafide.classifier.ClassifierScope} says whose model a screening reads and teaches.
 * The arithmetic is the engine's ({@link dev.bonafide.engine.NoteClassifier}).
 */
package dev.bonafide.classifier;
