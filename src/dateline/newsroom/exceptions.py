class NewsroomError(Exception):
    """Base of the newsroom's domain errors; `status` is the HTTP status it maps to."""

    status = 400


class ArticleNotFoundError(NewsroomError):
    status = 404
