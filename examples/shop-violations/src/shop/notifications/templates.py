"""Texts of the e-mails, rendered from the published language only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from shop.contracts import OrderLine

from .mail import EmailMessage


def _money(amount: Decimal) -> str:
    return f"{amount.quantize(Decimal('0.01'))} EUR"


def order_confirmation(to: str, buyer_name: str, order_id: int, lines: list[OrderLine], total: Decimal) -> EmailMessage:
    """The confirmation sent when an order is complete."""
    rows = "\n".join(f"  {line.units} x {line.product_name}  {_money(line.unit_price * line.units)}" for line in lines)
    body = (
        f"Hello {buyer_name},\n\n"
        f"thank you for your order #{order_id}. We received your payment:\n\n"
        f"{rows}\n\n"
        f"Total: {_money(total)}\n"
    )
    return EmailMessage(to=to, subject=f"Your order #{order_id} is confirmed", body=body)


def welcome(to: str, display_name: str) -> EmailMessage:
    """The greeting sent to a newly registered user."""
    body = f"Hello {display_name},\n\nwelcome to the shop! Your account is ready.\n"
    return EmailMessage(to=to, subject="Welcome to the shop", body=body)


def receipt(to: str, order_id: int, lines: list[OrderLine], total: Decimal, paid_on: date) -> EmailMessage:
    """The receipt of a paid order."""
    rows = "\n".join(f"  {line.units} x {line.product_name}  {_money(line.unit_price)}" for line in lines)
    body = f"Receipt for order #{order_id}, paid on {paid_on.isoformat()}\n\n{rows}\n\nTotal paid: {_money(total)}\n"
    return EmailMessage(to=to, subject=f"Receipt for order #{order_id}", body=body)
