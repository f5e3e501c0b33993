"""The published language of the shop services.

Integration events and the plain data types they carry. Any bounded context
may import from here.
"""

from .basket import BasketLine, CheckoutBasketIntegrationEvent
from .catalog import CatalogItemAddedDomainEvent, ProductDiscontinued, ProductPriceChangedIntegrationEvent
from .legacy import OrderPlacedDomainEvent
from .ordering import (
    OrderCompletedIntegrationEvent,
    OrderLine,
    OrderShippedIntegrationEvent,
    OrderStartedIntegrationEvent,
    OrderSubmittedForPaymentIntegrationEvent,
    SendOrderConfirmationEmail,
)
from .payment import PaymentCompletedIntegrationEvent, PaymentFailedIntegrationEvent

__all__ = [
    "BasketLine",
    "CatalogItemAddedDomainEvent",
    "CheckoutBasketIntegrationEvent",
    "OrderCompletedIntegrationEvent",
    "OrderLine",
    "OrderPlacedDomainEvent",
    "OrderShippedIntegrationEvent",
    "OrderStartedIntegrationEvent",
    "OrderSubmittedForPaymentIntegrationEvent",
    "PaymentCompletedIntegrationEvent",
    "PaymentFailedIntegrationEvent",
    "ProductDiscontinued",
    "ProductPriceChangedIntegrationEvent",
    "SendOrderConfirmationEmail",
]
