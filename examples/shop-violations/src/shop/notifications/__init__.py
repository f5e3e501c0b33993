"""The notifications service: e-mails (and, for now, legacy text messages) sent to users and buyers."""
