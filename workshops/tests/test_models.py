import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from workshops.models import Material, Workshop, ordinal
from workshops.tests.factories import MaterialFactory, WorkshopFactory

PDF_BYTES = b"%PDF-1.4\n%synthetic test file\n"


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (101, "101st"),
        (111, "111th"),
    ],
)
def test_ordinal_spells_english_suffixes(number, expected):
    assert ordinal(number) == expected


@pytest.mark.django_db
def test_workshop_full_title_starts_with_the_edition_ordinal():
    workshop = WorkshopFactory(edition=2, title="Workshop on Seaports")
    assert workshop.full_title == "2nd Workshop on Seaports"
    assert str(workshop) == "2nd Workshop on Seaports"


@pytest.mark.django_db
def test_workshop_end_date_before_start_is_rejected_with_a_clear_message():
    workshop = WorkshopFactory.build(
        series=WorkshopFactory().series,
        start_date=datetime.date(2010, 11, 29),
        end_date=datetime.date(2010, 11, 28),
    )
    with pytest.raises(ValidationError) as excinfo:
        workshop.full_clean()
    assert "The end date cannot be before the start date." in excinfo.value.messages
    assert not Workshop.objects.filter(slug=workshop.slug).exists()


@pytest.mark.django_db
def test_workshop_end_date_before_start_is_refused_by_the_database_too():
    workshop = WorkshopFactory()
    workshop.end_date = workshop.start_date - datetime.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        workshop.save()


@pytest.mark.django_db
def test_workshop_unknown_country_code_is_rejected():
    workshop = WorkshopFactory.build(series=WorkshopFactory().series, country="ZZ")
    with pytest.raises(ValidationError) as excinfo:
        workshop.full_clean()
    assert "country" in excinfo.value.message_dict


@pytest.mark.django_db
def test_workshop_same_edition_twice_in_a_series_is_rejected():
    first = WorkshopFactory(edition=2)
    second = WorkshopFactory.build(series=first.series, edition=2)
    with pytest.raises(ValidationError) as excinfo:
        second.full_clean()
    assert "This series already has a workshop with that edition." in excinfo.value.messages


@pytest.mark.django_db
def test_workshop_published_queryset_hides_drafts():
    published = WorkshopFactory(status=Workshop.Status.PUBLISHED)
    WorkshopFactory(status=Workshop.Status.DRAFT)
    assert list(Workshop.objects.published()) == [published]


@pytest.mark.django_db
def test_material_pdf_upload_is_accepted():
    material = MaterialFactory.build(
        workshop=WorkshopFactory(),
        url="",
        file=SimpleUploadedFile("agenda.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    material.full_clean()
    material.save()
    assert material.file.name.endswith(".pdf")


@pytest.mark.django_db
def test_material_upload_of_the_wrong_type_is_rejected():
    material = MaterialFactory.build(
        workshop=WorkshopFactory(),
        url="",
        file=SimpleUploadedFile(
            "run-me.exe", b"MZ\x90\x00", content_type="application/octet-stream"
        ),
    )
    with pytest.raises(ValidationError) as excinfo:
        material.full_clean()
    assert "File extension “exe” is not allowed" in " ".join(excinfo.value.message_dict["file"])
    assert Material.objects.count() == 0


@pytest.mark.django_db
def test_material_upload_whose_content_is_not_what_its_name_says_is_rejected():
    material = MaterialFactory.build(
        workshop=WorkshopFactory(),
        url="",
        file=SimpleUploadedFile("slides.pdf", b"<html>not a pdf</html>"),
    )
    with pytest.raises(ValidationError) as excinfo:
        material.full_clean()
    assert excinfo.value.message_dict["file"] == ["This file's content is not a .pdf file."]


@pytest.mark.django_db
def test_material_upload_over_the_size_limit_is_rejected(settings):
    settings.MATERIAL_MAX_UPLOAD_BYTES = 1024
    material = MaterialFactory.build(
        workshop=WorkshopFactory(),
        url="",
        file=SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * 2048),
    )
    with pytest.raises(ValidationError) as excinfo:
        material.full_clean()
    assert "materials may be at most 1.0\xa0KB" in excinfo.value.message_dict["file"][0]
    assert Material.objects.count() == 0


@pytest.mark.django_db
def test_material_needs_a_file_or_a_link():
    material = MaterialFactory.build(workshop=WorkshopFactory(), url="")
    with pytest.raises(ValidationError) as excinfo:
        material.full_clean()
    assert "Give either a file or a link, not both and not neither." in excinfo.value.messages


@pytest.mark.django_db
def test_material_whose_stored_file_is_missing_from_disk_still_validates():
    # As after import_records, before the media folder is copied over.
    material = MaterialFactory(url="", file="materials/2010/synthetic-missing.pdf")
    material.title = "Synthetic presentation renamed"
    material.full_clean()
    material.save()
    assert Material.objects.get(pk=material.pk).title == "Synthetic presentation renamed"


@pytest.mark.django_db
def test_material_replacing_its_stored_file_checks_the_new_upload():
    material = MaterialFactory(url="", file="materials/2010/synthetic-missing.pdf")
    material.file = SimpleUploadedFile("slides.pdf", b"<html>not a pdf</html>")
    with pytest.raises(ValidationError) as excinfo:
        material.full_clean()
    assert excinfo.value.message_dict["file"] == ["This file's content is not a .pdf file."]


def test_objective_and_conclusion_share_one_workshop_statement_base():
    from workshops.models import Conclusion, Objective, WorkshopStatement

    assert WorkshopStatement._meta.abstract
    assert issubclass(Objective, WorkshopStatement)
    assert issubclass(Conclusion, WorkshopStatement)
    assert str(Conclusion(position=2, text="Synthetic conclusion.")) == (
        "Conclusion 2: Synthetic conclusion."
    )
