"""Background jobs of the identity service, run by Celery workers in another process."""

from __future__ import annotations

from celery import shared_task


@shared_task
def send_welcome_email(user_id: int) -> None:
    """E-mail a new account: the worker reads the account from the database by its id."""
