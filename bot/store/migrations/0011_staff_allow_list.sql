-- 0011: an optional list of the officers allowed to act in a staff group (`dumas staff
-- allow GROUP USER`). A group with no row here lets every member act (membership checked
-- with getChatMember); a group with rows lets only the users listed. Follows the group
-- when its chat id changes (bot/store/staff.py move_chat).
CREATE TABLE staff_allowed (
    chat_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);
