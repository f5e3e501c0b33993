"""The ordering service: turns checked-out baskets into orders and follows them to completion."""
