class NewsroomError(Exception):
    """Base of the newsroom's domain errors; `status` is the HTTP status it maps to."""

    status = 400
    code = "newsroom_error"


class ArticleNotFoundError(NewsroomError):
    status = 404
    code = "not_found"


class NotAllowedError(NewsroomError):
    """The actor lacks the permission for this action on this object."""

    status = 403
    code = "not_allowed"


class InvalidTransitionError(NewsroomError):
    """The workflow step is not possible from here (e.g. publishing without a section)."""

    status = 409
    code = "invalid_transition"


class InvalidImageError(NewsroomError):
    """An upload that is not an image we accept; the message says why."""

    status = 400
    code = "invalid_image"


class InvalidPreviewTokenError(NewsroomError):
    status = 404
    code = "invalid_preview"
