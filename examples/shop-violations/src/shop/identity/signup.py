"""Sign-up in the Django back office: the welcome e-mail is enqueued inside the transaction that
creates the account, so the worker may look for it before it exists."""

from __future__ import annotations

from django.db.transaction import atomic

from .tasks import send_welcome_email


class Account:
    """The Django model of an account (its manager stands in for the ORM here)."""

    objects: AccountManager


class AccountManager:
    def create(self, email: str) -> Account: ...


@atomic
def sign_up(email: str) -> None:
    """Create the account and welcome it, before the decorator's transaction commits."""
    account = Account.objects.create(email=email)
    send_welcome_email.delay(id(account))  # expect: EVL304


def invite(email: str) -> None:
    """Create an invited account and enqueue its e-mail, inside the transaction."""
    with atomic():
        account = Account.objects.create(email=email)
        send_welcome_email.apply_async((id(account),), countdown=5)  # expect: EVL304


def reactivate(email: str) -> None:
    """Recreate a closed account: a helper welcomes it, two calls below the transaction."""
    with atomic():
        account = Account.objects.create(email=email)
        _welcome(id(account))


def _welcome(account_id: int) -> None:
    _enqueue_welcome(account_id)


def _enqueue_welcome(account_id: int) -> None:
    """Runs inside `reactivate`'s transaction: the worker may look for the account before it exists."""
    send_welcome_email.delay(account_id)  # expect: EVL304
