CREATE TABLE connection_request (
    id UUID PRIMARY KEY,
    message VARCHAR(5000),
    mutual_connections BIGINT NOT NULL,
    requester_network_size BIGINT NOT NULL,
    requester_id VARCHAR(128),
    headline VARCHAR(300),
    recipient_id VARCHAR(128),
    known_to_recipient BOOLEAN NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
