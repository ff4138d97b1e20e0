"""Pages of a tenant for qualitative evidence, under /t/<tenant>/qualitative/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="coding-project-list"),
    path("new/", views.ProjectCreateView.as_view(), name="coding-project-create"),
    path("<int:pk>/", views.ProjectDetailView.as_view(), name="coding-project-detail"),
    path(
        "<int:pk>/delete/",
        views.ProjectDeleteView.as_view(),
        name="coding-project-delete",
    ),
    path("<int:pk>/collect/", views.CollectView.as_view(), name="coding-collect"),
    path("<int:pk>/upload/", views.UploadView.as_view(), name="coding-upload"),
    path("<int:pk>/codebook/", views.CodebookView.as_view(), name="codebook"),
    path(
        "<int:pk>/codebook/<int:code>/", views.CodeEditView.as_view(), name="code-edit"
    ),
    path(
        "<int:pk>/codes/<int:code>/", views.CodeDetailView.as_view(), name="code-detail"
    ),
    path(
        "<int:pk>/codebook/<int:code>/delete/",
        views.CodeDeleteView.as_view(),
        name="code-delete",
    ),
    path(
        "<int:pk>/documents/<int:doc>/",
        views.DocumentCodeView.as_view(),
        name="coding-document",
    ),
    path(
        "<int:pk>/documents/<int:doc>/codings/<int:coding>/remove/",
        views.CodingDeleteView.as_view(),
        name="coding-remove",
    ),
    path(
        "<int:pk>/documents/<int:doc>/memos/",
        views.MemoCreateView.as_view(),
        name="coding-memo",
    ),
    path(
        "<int:pk>/documents/<int:doc>/done/",
        views.DocumentDoneView.as_view(),
        name="coding-done",
    ),
    path("<int:pk>/sample/", views.SampleView.as_view(), name="coding-sample"),
    path("<int:pk>/agreement/", views.AgreementView.as_view(), name="coding-agreement"),
    path(
        "<int:pk>/frequencies/",
        views.FrequenciesView.as_view(),
        name="coding-frequencies",
    ),
    path("<int:pk>/project.qdpx", views.ExportQdpxView.as_view(), name="coding-qdpx"),
    path("<int:pk>/codebook.qdc", views.ExportQdcView.as_view(), name="coding-qdc"),
    path("<int:pk>/mixed/", views.MixedMethodView.as_view(), name="coding-mixed"),
    path("<int:pk>/themes/", views.ThemesView.as_view(), name="coding-themes"),
    path("<int:pk>/import/", views.ImportView.as_view(), name="coding-import"),
]
