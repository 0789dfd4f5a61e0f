from django.apps import AppConfig


class WeatherConfig(AppConfig):
    name = "dateline.weather"
    label = "weather"
