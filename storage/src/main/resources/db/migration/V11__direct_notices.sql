-- Chat users who asked (`notify me on`) for a direct message when a cleanup they approved ends. Kept apart from
-- members, whose rows set roles: asking for messages must not make anyone a member.
CREATE TABLE direct_notices (
    organization_id  BIGINT       NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    chat_user_id     TEXT         NOT NULL,
    since            TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (organization_id, chat_user_id)
);
