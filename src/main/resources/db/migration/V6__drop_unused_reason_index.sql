-- No query reads reasons by rule id yet; the index only cost every screening an extra write.
DROP INDEX screening_reason_rule_idx;
