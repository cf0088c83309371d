/**
 * The HTTP edge: {@link dev.bonafide.web.ProblemMappers} is where refusals and the exceptions of
 * JSON binding, validation and security become problem+json; {@link
 * dev.bonafide.web.ProblemExamples} documents every error response of the OpenAPI document once,
 * with the body really answered; the rest bounds what a caller may send (body size, headers, query
 * parameters) and sets the JSON limits. Only resources and this package depend on it (an ArchUnit
 * rule keeps it so).
 */
package dev.bonafide.web;
