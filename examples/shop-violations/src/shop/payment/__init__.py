"""The payment service: charges orders through the payment provider.

Payment shares a kernel with ordering: the two run in the same process and
may react to each other's domain events.
"""
