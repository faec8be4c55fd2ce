-- Deliveries a chat may send again (a Teams activity redelivered after a timeout), remembered for a day by every
-- replica: the first to insert a delivery's key acts on it, a redelivery that lands on any replica finds it taken.
CREATE TABLE chat_deliveries (
    delivery  TEXT        PRIMARY KEY,
    seen_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX chat_deliveries_seen ON chat_deliveries (seen_at);
