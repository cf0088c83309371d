package peer;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One stored request: a row per call. */
@Entity
@Table(name = "connection_request")
public class ConnectionRequest extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(length = 5000)
    public String message;

    @Column(name = "mutual_connections")
    public long mutualConnections;

    @Column(name = "requester_network_size")
    public long requesterNetworkSize;

    @Column(name = "requester_id")
    public String requesterId;

    public String headline;

    @Column(name = "recipient_id")
    public String recipientId;

    @Column(name = "known_to_recipient")
    public boolean knownToRecipient;

    @Column(name = "created_at")
    public Instant createdAt;
}
