"""WhatsApp through Twilio: webhook parsing, media downloads, sending, the 24-hour window."""
