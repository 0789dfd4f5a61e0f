class WeatherError(Exception):
    """The weather provider gave no usable answer (timeout, HTTP error, bad body)."""
