class CommentError(Exception):
    """Base of the comments' domain errors; `status` is the HTTP status it maps to."""

    status = 400
    message = "Your comment could not be accepted."

    def __init__(self, message: str | None = None):
        super().__init__(message or self.message)
        self.message = message or self.message


class CommentsClosedError(CommentError):
    status = 403
    message = "Comments are closed on this article."


class RateLimitedError(CommentError):
    status = 429
    message = "You have sent several comments in a short time. Please wait a few minutes."

    def __init__(self, retry_after: int = 600):
        super().__init__()
        self.retry_after = retry_after


class InvalidParentError(CommentError):
    message = "The comment you replied to is not available any more."


class NotPermittedError(CommentError):
    status = 403
    message = "You may not moderate comments."
