"""The notifications service: e-mails sent to users and buyers."""
