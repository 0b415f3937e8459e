-- The facts each practitioner's app publishes (agreed versions, reviews, withdrawals) and the
-- service's shared templates. Free text travels as JSON text (payload), never parsed here, so
-- that every character a client or therapist typed is kept exactly (PostgreSQL text cannot
-- hold NUL; JSON text escapes it). Rows are keyed by who sent them, the record's id and its
-- version: the same fact sent twice is one row.
CREATE TABLE hub.agreements (
    practitioner   text NOT NULL DEFAULT current_user,
    assignment_id  text NOT NULL,
    version        integer NOT NULL CHECK (version >= 1),
    client_code    text NOT NULL,
    agreed_at      timestamptz NOT NULL,
    content_hash   text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
    missing_count  integer NOT NULL DEFAULT 0,
    template_id    text,
    payload        text NOT NULL,
    payload_hash   text NOT NULL,
    received_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (practitioner, assignment_id, version)
);
CREATE INDEX agreements_by_client ON hub.agreements (practitioner, client_code, agreed_at);

CREATE TABLE hub.reviews (
    practitioner   text NOT NULL DEFAULT current_user,
    review_id      text NOT NULL,
    revision       integer NOT NULL CHECK (revision >= 1),
    assignment_id  text NOT NULL,
    client_code    text NOT NULL,
    review_date    date NOT NULL,
    completion     smallint NOT NULL CHECK (completion BETWEEN 0 AND 4),
    next_step      text NOT NULL,
    payload        text NOT NULL,
    payload_hash   text NOT NULL,
    received_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (practitioner, review_id, revision)
);
CREATE INDEX reviews_by_assignment ON hub.reviews (practitioner, assignment_id, review_date);

CREATE TABLE hub.withdrawals (
    practitioner   text NOT NULL DEFAULT current_user,
    assignment_id  text NOT NULL,
    version        integer NOT NULL CHECK (version >= 1),
    client_code    text NOT NULL,
    withdrawn_at   timestamptz NOT NULL,
    payload        text NOT NULL,
    payload_hash   text NOT NULL,
    received_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (practitioner, assignment_id, version)
);

-- Who supervises whom: a supervisor reads their supervisees' rows.
CREATE TABLE hub.supervision (
    supervisor     text NOT NULL,
    practitioner   text NOT NULL,
    PRIMARY KEY (supervisor, practitioner)
);

-- A template is versioned; withdrawing one hides it from the chooser and changes nothing that
-- was made from it (an assignment keeps its own copy of the words).
CREATE TABLE hub.shared_templates (
    template_id    text NOT NULL CHECK (template_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    version        integer NOT NULL CHECK (version >= 1),
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    intervention   text NOT NULL,
    author         text NOT NULL DEFAULT current_user,
    published_at   timestamptz NOT NULL DEFAULT now(),
    withdrawn_at   timestamptz,
    payload        text NOT NULL,
    PRIMARY KEY (template_id, version)
);
