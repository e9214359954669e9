from django.apps import AppConfig


class Config(AppConfig):
    name = "selenggara.wilayah"
    label = "wilayah"
    default_auto_field = "django.db.models.BigAutoField"
