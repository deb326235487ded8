-- 0010: Twilio Content API resources (quick-reply buttons, list pickers) created by the
-- WhatsApp sender, one per distinct (type, options, button text, locale); the message
-- body is the content's variable {{1}}, so one resource serves every body. The key is a
-- hash of that definition (bot/channels/whatsapp/sender.py: `InteractiveContent.key`).
CREATE TABLE whatsapp_content (
    key TEXT PRIMARY KEY,
    content_sid TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_at TEXT NOT NULL
);
