"""The published language of the shop services.

Integration events and the plain data types they carry. Any bounded context
may import from here; nothing here may depend on a context's domain model.
"""

from .basket import BasketCheckedOutIntegrationEvent, BasketLine
from .catalog import ProductPriceChangedIntegrationEvent
from .ordering import (
    OrderCompletedIntegrationEvent,
    OrderLine,
    OrderStartedIntegrationEvent,
    OrderSubmittedForPaymentIntegrationEvent,
)
from .payment import PaymentCompletedIntegrationEvent, PaymentFailedIntegrationEvent, PaymentRefundedIntegrationEvent

__all__ = [
    "BasketCheckedOutIntegrationEvent",
    "BasketLine",
    "OrderCompletedIntegrationEvent",
    "OrderLine",
    "OrderStartedIntegrationEvent",
    "OrderSubmittedForPaymentIntegrationEvent",
    "PaymentCompletedIntegrationEvent",
    "PaymentFailedIntegrationEvent",
    "PaymentRefundedIntegrationEvent",
    "ProductPriceChangedIntegrationEvent",
]
