from django.conf import settings
from django.http import Http404
from django.views import static
from wagtail.documents import get_document_model
from wagtail.documents.views import serve as wagtail_documents

from .files import access_to, owner_of_file
from .responses import keep_private, refuse


def media(request, path):
    """Every uploaded file (settings.MEDIA_URL), in every environment: a restricted resource's document or picture
    only for those who may see the resource (resources.files)."""
    owner = owner_of_file(path)
    if owner is None:
        raise Http404("No such file.")
    access = access_to(request.user, owner)
    if not access.allowed:
        return refuse(request)
    response = send_file(request, path, owner)
    return keep_private(response) if access.restricted else response


def check_document(document, request):
    """Wagtail's before_serve_document hook: /documents/<id>/<name> is refused as the file's media address would
    be. What it found is kept for `document`, which makes the answer private."""
    request.file_access = access_to(request.user, document)
    if not request.file_access.allowed:
        return refuse(request)
    return None


def document(request, document_id, document_filename):
    """Wagtail's document download (checked by its hook, check_document), private when the document is."""
    response = wagtail_documents.serve(request, document_id, document_filename)
    access = getattr(request, "file_access", None)
    return keep_private(response) if access and access.restricted else response


def send_file(request, name, owner):
    response = static.serve(request, name, document_root=settings.MEDIA_ROOT)
    if isinstance(owner, get_document_model()):
        # As Wagtail sends documents: downloaded (or shown as the document says), never run in the site's pages.
        response["Content-Disposition"] = owner.content_disposition
        response["Content-Security-Policy"] = "default-src 'none'"
        response["X-Content-Type-Options"] = "nosniff"
    return response
