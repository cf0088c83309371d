-- History: what each screening saw, and the indexes that make history facts cheap.

-- The note normalised (case, white space, punctuation, digits) and hashed: copies of one note
-- share it, and it stays when the note text itself is erased.
ALTER TABLE screening ADD COLUMN note_fingerprint VARCHAR(64);

-- Every fact the rules saw, as JSON (the note and headline texts are not repeated here).
ALTER TABLE screening ADD COLUMN facts VARCHAR(20000);

-- One row per requester, locked while a screening from that requester counts its history and is
-- stored, so that parallel requests from one requester see exact counts.
CREATE TABLE requester_lock (
    requester_id  VARCHAR(128) NOT NULL PRIMARY KEY
);

-- Requests by a requester in a window, with their verdicts (the declined share).
CREATE INDEX screening_requester_idx ON screening (requester_id, created_at, verdict);

-- Distinct recipients of one note from one requester in a window.
CREATE INDEX screening_fingerprint_idx ON screening (requester_id, note_fingerprint, created_at, recipient_id);

-- Listing a recipient's screenings.
CREATE INDEX screening_recipient_idx ON screening (recipient_id, created_at);
