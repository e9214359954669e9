from django.apps import AppConfig


class Config(AppConfig):
    name = "selenggara.demo"
    label = "demo"
    default_auto_field = "django.db.models.BigAutoField"
