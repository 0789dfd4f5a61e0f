"""Moderation in the back office: the queue, decisions (one by one or in bulk), the
blocklist, closed threads and GDPR erasure. Every change goes through services.py."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from dateline.comments import services
from dateline.comments.models import BlockedTerm, Comment, CommentClosure, Decision
from dateline.comments.services import PERMISSION


class ModeratorOnly:
    """Every comments screen needs comments.moderate_comment (editors and up)."""

    def has_module_permission(self, request):
        return request.user.has_perm(PERMISSION)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(PERMISSION)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(PERMISSION)

    def has_add_permission(self, request):
        return request.user.has_perm(PERMISSION)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm(PERMISSION)


def _decide(modeladmin, request, queryset, status: str, done: str) -> None:
    decide = services.DECISIONS[status]
    count = 0
    for comment in queryset:
        decide(comment, by=request.user)
        count += 1
    modeladmin.message_user(request, f"{count} comment(s) {done}.", messages.SUCCESS)


@admin.action(description="Approve selected comments")
def approve(modeladmin, request, queryset):
    _decide(modeladmin, request, queryset, Comment.Status.APPROVED, "approved")


@admin.action(description="Mark selected comments as spam")
def spam(modeladmin, request, queryset):
    _decide(modeladmin, request, queryset, Comment.Status.SPAM, "marked as spam")


@admin.action(description="Remove selected comments (shown as removed)")
def remove(modeladmin, request, queryset):
    _decide(modeladmin, request, queryset, Comment.Status.REMOVED, "removed")


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0
    can_delete = False
    fields = readonly_fields = ["status", "decided_by", "decided_at", "note"]

    def has_add_permission(self, request, obj=None):
        return False


class EraseForm(forms.Form):
    email = forms.EmailField(label="Commenter's email address")
    confirm = forms.BooleanField(
        label="I understand this erases the text, name, email, website and IP hash of every "
        "comment from this address, for good."
    )


@admin.register(Comment)
class CommentAdmin(ModeratorOnly, admin.ModelAdmin):
    list_display = ["excerpt", "author_name", "article", "status", "held_because", "created_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["body", "author_name", "author_email"]
    list_select_related = ["article"]
    actions = [approve, spam, remove]
    inlines = [DecisionInline]
    fields = [
        "status_line", "body", "author_name", "author_email", "author_url", "article",
        "parent", "held_because", "spam_score", "ip_hash", "created_at", "decided_by",
        "decided_at",
    ]  # fmt: skip
    readonly_fields = fields
    change_form_template = "comments/admin/comment_change_form.html"
    change_list_template = "comments/admin/comment_change_list.html"

    def has_add_permission(self, request):
        return False  # comments come from readers

    def has_delete_permission(self, request, obj=None):
        return False  # removal is soft; erasure has its own screen

    @admin.display(description="Comment")
    def excerpt(self, comment):
        return comment.body[:80] or "(erased)"

    @admin.display(description="Status")
    def status_line(self, comment):
        return comment.get_status_display()

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        # The queue first: without a filter, show what awaits a decision.
        if (
            "status__exact" not in request.GET
            and not request.GET.get("q")
            and request.method != "POST"
        ):
            query = request.GET.copy()
            query["status__exact"] = Comment.Status.PENDING
            return redirect(f"{request.path}?{query.urlencode()}")
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:pk>/decide/<str:status>/",
                self.admin_site.admin_view(self.decide_view),
                name="comments_comment_decide",
            ),
            path(
                "erase/",
                self.admin_site.admin_view(self.erase_view),
                name="comments_comment_erase",
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk: int, status: str):
        if request.method != "POST" or status not in services.DECISIONS:
            raise PermissionDenied
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        comment = get_object_or_404(Comment, pk=pk)
        services.DECISIONS[status](comment, by=request.user)
        self.message_user(request, f"Comment {Comment.Status(status).label.lower()}.")
        return redirect(reverse("admin:comments_comment_change", args=[pk]))

    def erase_view(self, request):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        form = EraseForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            count = services.erase_commenter(form.cleaned_data["email"], by=request.user)
            self.message_user(request, f"Erased {count} comment(s) from that address.")
            return redirect(reverse("admin:comments_comment_changelist") + "?status__exact=removed")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": "Erase a commenter's data",
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "comments/admin/erase.html", context)


@admin.register(BlockedTerm)
class BlockedTermAdmin(ModeratorOnly, admin.ModelAdmin):
    list_display = ["value", "kind", "created_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["value"]
    fields = ["kind", "value"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(CommentClosure)
class CommentClosureAdmin(ModeratorOnly, admin.ModelAdmin):
    list_display = ["article", "closed_by", "closed_at"]
    autocomplete_fields = ["article"]
    fields = ["article"]

    def save_model(self, request, obj, form, change):
        services.close_comments(obj.article, by=request.user)

    def delete_model(self, request, obj):
        services.reopen_comments(obj.article, by=request.user)

    def delete_queryset(self, request, queryset):
        for closure in queryset.select_related("article"):
            services.reopen_comments(closure.article, by=request.user)
