package dev.bonafide.rules;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A stored ruleset version. Rows are only ever inserted; the rules are kept as a JSON document. */
@Entity
@Table(name = "ruleset_version")
public class RulesetVersion extends PanacheEntityBase {

    @Id
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(nullable = false)
    public String author;

    @Column(name = "change_summary", nullable = false)
    public String changeSummary;

    @Column(name = "change_comment")
    public String changeComment;

    @Column(name = "accept_threshold", nullable = false)
    public int acceptThreshold;

    @Column(name = "decline_threshold", nullable = false)
    public int declineThreshold;

    @Column(nullable = false, length = 1_000_000)
    public String rules;
}
