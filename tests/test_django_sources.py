"""Where Django opens a transaction around project code: ATOMIC_REQUESTS, routed and REST framework views, model signals.

Each case is a small in-memory project read through `project_of_sources`; the
assertions are on function keys and on where each source was found.
"""

from __future__ import annotations

from eventlint.api import project_of_sources
from eventlint.extractor.extract import extract
from eventlint.facts import ModuleFacts
from eventlint.index.django import DjangoSources, django_sources, settings_state


def sources(files: dict[str, str]) -> DjangoSources:
    project = project_of_sources({"shop/__init__.py": "", **files})  # no configuration at all
    return django_sources(project.index)


def view_keys(files: dict[str, str]) -> set[str]:
    return {view.key for view in sources(files).views}


# -- ATOMIC_REQUESTS -------------------------------------------------------------


def test_atomic_requests_set_per_database_in_a_settings_module() -> None:
    found = sources(
        {
            "shop/settings.py": (
                "DEBUG = False\n"
                "DATABASES = {\n"
                '    "default": {"ENGINE": "django.db.backends.postgresql", "ATOMIC_REQUESTS": True},\n'
                "}\n"
            )
        }
    )
    atomic = found.requests_atomic
    assert atomic is not None
    assert (atomic.database, atomic.where.module, atomic.where.span.line) == ("default", "shop.settings", 3)
    assert atomic.where.source.display.endswith("shop/settings.py")


def test_atomic_requests_assigned_by_key_in_a_settings_package() -> None:
    found = sources(
        {
            "shop/settings/__init__.py": "",
            "shop/settings/base.py": 'import dj_database_url\nDATABASES = {"default": dj_database_url.config()}\n',
            "shop/settings/production.py": 'from .base import *\nDATABASES["default"]["ATOMIC_REQUESTS"] = True\n',
        }
    )
    atomic = found.requests_atomic
    assert atomic is not None
    assert (atomic.where.module, atomic.where.span.line) == ("shop.settings.production", 2)


def test_atomic_requests_in_a_dict_the_databases_setting_names() -> None:
    found = sources(
        {
            "shop/settings.py": (
                "_postgres = {\n"
                '    "ENGINE": "django.db.backends.postgresql",\n'
                '    "ATOMIC_REQUESTS": True,\n'
                "}\n"
                '_postgres["CONN_MAX_AGE"] = config("AGE")\n'
                "default_db = _postgres\n"
                'DATABASES = {"default": default_db}\n'
            )
        }
    )
    atomic = found.requests_atomic
    assert atomic is not None
    assert (atomic.where.module, atomic.where.span.line) == ("shop.settings", 3)


def test_a_dict_rebound_to_a_computed_value_is_not_a_literal_any_more() -> None:
    found = sources(
        {
            "shop/settings.py": (
                '_db = {"ATOMIC_REQUESTS": True}\n'
                "_db = env.db()\n"
                'DATABASES = {"default": _db}\n'
            )
        }
    )
    assert found.requests_atomic is None


def test_top_level_atomic_requests_does_nothing_in_django() -> None:
    found = sources({"shop/settings.py": 'ATOMIC_REQUESTS = True\nDATABASES = {"default": {"ENGINE": "x"}}\n'})
    assert found.requests_atomic is None
    assert found.atomic_requests == ()


def test_values_that_are_not_a_literal_true_are_not_counted() -> None:
    for value in ('env.bool("ATOMIC", default=True)', "ATOMIC", "False", '"yes"'):
        found = sources({"shop/settings.py": f'DATABASES = {{"default": {{"ATOMIC_REQUESTS": {value}}}}}\n'})
        assert found.requests_atomic is None, value


def test_a_later_assignment_replaces_an_earlier_one() -> None:
    found = sources(
        {
            "shop/settings.py": (
                'DATABASES = {"default": {"ATOMIC_REQUESTS": True}}\n'
                'DATABASES["default"] = {"ENGINE": "x"}\n'
            )
        }
    )
    assert found.requests_atomic is None


def test_another_settings_module_saying_otherwise_leaves_it_unknown() -> None:
    found = sources(
        {
            "shop/settings/__init__.py": "",
            "shop/settings/base.py": 'DATABASES = {"default": {"ATOMIC_REQUESTS": True}}\n',
            "shop/settings/local.py": 'from .base import *\nDATABASES["default"]["ATOMIC_REQUESTS"] = False\n',
        }
    )
    assert found.requests_atomic is None


def test_atomic_requests_of_another_database_is_not_the_default() -> None:
    found = sources({"shop/settings.py": 'DATABASES = {"default": {}, "replica": {"ATOMIC_REQUESTS": True}}\n'})
    assert found.requests_atomic is None
    assert [atomic.database for atomic in found.atomic_requests] == ["replica"]


def test_modules_that_are_not_settings_are_not_read_for_it() -> None:
    found = sources({"shop/config.py": 'DATABASES = {"default": {"ATOMIC_REQUESTS": True}}\n'})
    assert found.requests_atomic is None


def test_a_setting_under_a_condition_is_not_a_literal_fact() -> None:
    found = sources({"shop/settings.py": 'if DEBUG:\n    DATABASES = {"default": {"ATOMIC_REQUESTS": True}}\n'})
    assert found.requests_atomic is None


# -- views -------------------------------------------------------------------------

VIEWS = (
    "from django.db import transaction\n"
    "from django.http import HttpResponse\n"
    "from django.views import View\n"
    "from django.views.decorators.csrf import csrf_exempt\n"
    "\n"
    "def place_order(request):\n"
    "    return HttpResponse()\n"
    "\n"
    "@transaction.non_atomic_requests\n"
    "def upload(request):\n"
    "    return HttpResponse()\n"
    "\n"
    "def webhook(request):\n"
    "    return HttpResponse()\n"
    "\n"
    "def helper(request):\n"
    "    return HttpResponse()\n"
    "\n"
    "class BaseOrderView(View):\n"
    "    def post(self, request):\n"
    "        return HttpResponse()\n"
    "\n"
    "class OrderView(BaseOrderView):\n"
    "    def get(self, request):\n"
    "        return HttpResponse()\n"
    "\n"
    "    def render_summary(self):\n"
    "        return ''\n"
)


def test_views_routed_by_path_re_path_and_url() -> None:
    keys = view_keys(
        {
            "shop/views.py": VIEWS,
            "shop/urls.py": (
                "from django.urls import include, path, re_path\n"
                "from django.conf.urls import url\n"
                "from django.views.decorators.csrf import csrf_exempt\n"
                "from . import views\n"
                "from .views import OrderView\n"
                "\n"
                "urlpatterns = [\n"
                '    path("order/", views.place_order),\n'
                '    re_path(r"^upload/$", views.upload),\n'
                '    url(r"^hook/$", csrf_exempt(views.webhook)),\n'
                '    path("orders/", OrderView.as_view(), name="orders"),\n'
                '    path("api/", include("shop.api.urls")),\n'
                "]\n"
            ),
        }
    )
    assert keys == {"shop.views.place_order", "shop.views.webhook", "shop.views.OrderView.get", "shop.views.BaseOrderView.post"}


def test_a_view_function_not_routed_is_no_view() -> None:
    assert view_keys({"shop/views.py": VIEWS}) == set()


def test_route_location_is_the_route_call() -> None:
    found = sources(
        {
            "shop/views.py": VIEWS,
            "shop/urls.py": 'from django.urls import path\nfrom shop.views import place_order\n\nurlpatterns = [path("o/", place_order)]\n',
        }
    )
    (view,) = found.views
    assert (view.key, view.how, view.where.module, view.where.span.line) == ("shop.views.place_order", "route", "shop.urls", 4)
    assert found.view("shop.views.place_order") == view
    assert found.view("shop.views.helper") is None


def test_non_atomic_requests_on_dispatch_exempts_the_class() -> None:
    keys = view_keys(
        {
            "shop/views.py": (
                "from django.db import transaction\n"
                "from django.utils.decorators import method_decorator\n"
                "from django.views import View\n"
                "\n"
                "class ImportView(View):\n"
                "    @method_decorator(transaction.non_atomic_requests)\n"
                "    def dispatch(self, request, *args, **kwargs):\n"
                "        return super().dispatch(request, *args, **kwargs)\n"
                "\n"
                "    def post(self, request):\n"
                "        return None\n"
            ),
            "shop/urls.py": 'from django.urls import path\nfrom shop.views import ImportView\n\nurlpatterns = [path("i/", ImportView.as_view())]\n',
        }
    )
    assert keys == set()


REST_VIEWS = (
    "from django.db import transaction\n"
    "from rest_framework import generics, viewsets\n"
    "from rest_framework.decorators import action, api_view\n"
    "from rest_framework.views import APIView\n"
    "\n"
    "class OrderViewSet(viewsets.ModelViewSet):\n"
    "    def perform_create(self, serializer):\n"
    "        serializer.save()\n"
    "\n"
    "    @action(detail=True, methods=['post'])\n"
    "    def cancel(self, request, pk=None):\n"
    "        return None\n"
    "\n"
    "    def _audit(self):\n"
    "        return None\n"
    "\n"
    "class PaymentView(APIView):\n"
    "    def post(self, request):\n"
    "        return None\n"
    "\n"
    "class RefundView(generics.CreateAPIView):\n"
    "    @transaction.non_atomic_requests\n"
    "    def post(self, request):\n"
    "        return None\n"
    "\n"
    "@api_view(['POST'])\n"
    "def ping(request):\n"
    "    return None\n"
    "\n"
    "class NotAView:\n"
    "    def post(self, request):\n"
    "        return None\n"
)


def test_rest_framework_views_viewsets_and_api_view_functions() -> None:
    found = sources({"shop/api.py": REST_VIEWS})
    assert {view.key for view in found.views} == {
        "shop.api.OrderViewSet.perform_create",
        "shop.api.OrderViewSet.cancel",
        "shop.api.PaymentView.post",
        "shop.api.ping",
    }
    assert {view.how for view in found.views} == {"rest-framework"}


def test_viewset_registered_on_a_router_of_a_project_subclass() -> None:
    keys = view_keys(
        {
            "shop/viewsets.py": (
                "from shop.base import ProjectViewSet\n\n"
                "class OrderViewSet(ProjectViewSet):\n"
                "    def create(self, request):\n"
                "        return None\n"
            ),
            "shop/base.py": "class ProjectViewSet:\n    def destroy(self, request, pk=None):\n        return None\n",
            "shop/routers.py": "from rest_framework.routers import SimpleRouter\n\nclass OptionalSlashRouter(SimpleRouter):\n    pass\n",
            "shop/urls.py": (
                "from shop.routers import OptionalSlashRouter\n"
                "from shop.viewsets import OrderViewSet\n\n"
                "router = OptionalSlashRouter()\n"
                'router.register(r"orders", OrderViewSet, basename="order")\n'
                "urlpatterns = router.urls\n"
            ),
        }
    )
    assert keys == {"shop.viewsets.OrderViewSet.create", "shop.base.ProjectViewSet.destroy"}


def test_an_unresolved_view_is_left_out() -> None:
    keys = view_keys(
        {
            "shop/urls.py": (
                "from django.urls import path\n"
                "from elsewhere import views\n"
                'urlpatterns = [path("a/", views.anything), path("b/", make_view())]\n'
            )
        }
    )
    assert keys == set()


# -- model signal receivers --------------------------------------------------------

MODELS = "from django.db import models\n\nclass Order(models.Model):\n    pass\n"


def test_receiver_decorators_of_model_signals() -> None:
    found = sources(
        {
            "shop/models.py": MODELS,
            "shop/signals.py": (
                "from django.db.models.signals import m2m_changed, post_save, pre_delete\n"
                "from django.dispatch import receiver\n"
                "from shop.models import Order\n"
                "\n"
                "@receiver(post_save, sender=Order)\n"
                "def order_saved(sender, instance, created, **kwargs):\n"
                "    pass\n"
                "\n"
                "@receiver([pre_delete, m2m_changed])\n"
                "def anything_changed(sender, **kwargs):\n"
                "    pass\n"
            ),
        }
    )
    assert {(r.key, r.signal, r.sender, r.how) for r in found.receivers} == {
        ("shop.signals.order_saved", "post_save", "shop.models.Order", "decorator"),
        ("shop.signals.anything_changed", "pre_delete", None, "decorator"),
        ("shop.signals.anything_changed", "m2m_changed", None, "decorator"),
    }
    (saved,) = found.receivers_of("shop.signals.order_saved")
    assert (saved.where.module, saved.where.span.line) == ("shop.signals", 6)


def test_connect_calls_of_model_signals() -> None:
    found = sources(
        {
            "shop/models.py": MODELS,
            "shop/handlers.py": "def index_order(sender, instance, **kwargs):\n    pass\n",
            "shop/apps.py": (
                "from django.apps import AppConfig\n"
                "from django.db.models import signals\n"
                "\n"
                "class ShopConfig(AppConfig):\n"
                "    def ready(self):\n"
                "        from shop.handlers import index_order\n"
                "        from shop.models import Order\n"
                "        signals.post_save.connect(index_order, sender=Order)\n"
                "        signals.post_delete.connect(receiver=self.forget, sender=Order)\n"
                "\n"
                "    def forget(self, sender, instance, **kwargs):\n"
                "        pass\n"
            ),
        }
    )
    assert {(r.key, r.signal, r.sender, r.how, r.where.span.line) for r in found.receivers} == {
        ("shop.handlers.index_order", "post_save", "shop.models.Order", "connect", 8),
        ("shop.apps.ShopConfig.forget", "post_delete", "shop.models.Order", "connect", 9),
    }


def test_signals_that_are_not_model_signals_are_ignored() -> None:
    found = sources(
        {
            "shop/signals.py": (
                "import django.dispatch\n"
                "from django.core.signals import request_finished\n"
                "from django.dispatch import receiver\n"
                "\n"
                "order_paid = django.dispatch.Signal()\n"
                "\n"
                "def on_paid(sender, **kwargs):\n"
                "    pass\n"
                "\n"
                "order_paid.connect(on_paid)\n"
                "request_finished.connect(on_paid)\n"
                "\n"
                "@receiver(order_paid)\n"
                "def on_paid_too(sender, **kwargs):\n"
                "    pass\n"
            )
        }
    )
    assert found.receivers == ()


def test_a_connected_handler_that_does_not_resolve_is_left_out() -> None:
    found = sources(
        {
            "shop/apps.py": (
                "from django.db.models.signals import post_save\n"
                "\n"
                "def setup(registry):\n"
                "    for model in registry:\n"
                "        post_save.connect(registry.handler_for(model), sender=model)\n"
            )
        }
    )
    assert found.receivers == ()


# -- the facts the settings are read from ------------------------------------------


def test_literal_settings_facts_in_statement_order() -> None:
    facts = extract(
        b'DEBUG = True\nlower = {"a": True}\nDATABASES = {"default": {"NAME": name, "ATOMIC_REQUESTS": True}, **more}\n'
        b'DATABASES["default"]["ATOMIC_REQUESTS"] = None\nCACHES[key] = {}\n',
        "shop.settings",
        False,
    )
    assert isinstance(facts, ModuleFacts)
    assert [(fact.path, fact.value, fact.span.line) for fact in facts.settings] == [
        (("DEBUG",), "True", 1),
        (("lower",), "{}", 2),  # a dict literal of any name: settings build DATABASES from them
        (("lower", "a"), "True", 2),
        (("DATABASES",), "{}", 3),
        (("DATABASES", "default"), "{}", 3),
        (("DATABASES", "default", "NAME"), "=name", 3),
        (("DATABASES", "default", "ATOMIC_REQUESTS"), "True", 3),
        (("DATABASES",), "?", 3),
        (("DATABASES", "default", "ATOMIC_REQUESTS"), "None", 4),
    ]
    state = settings_state(facts.settings)
    assert state[("DATABASES", "default", "ATOMIC_REQUESTS")].value == "None"
    assert ("DATABASES", "default", "NAME") not in state  # the spread may have replaced it


def test_only_settings_modules_have_literal_settings_facts() -> None:
    facts = extract(b'DATABASES = {"default": {"ATOMIC_REQUESTS": True}}\n', "shop.config", False)
    assert isinstance(facts, ModuleFacts)
    assert facts.settings == ()
