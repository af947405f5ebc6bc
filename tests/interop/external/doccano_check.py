"""Import cnreport's doccano JSONL with doccano's own import pipeline (doccano 1.8, SQLite) and export it again with
doccano's own JSONL exporter (run under a Python that has doccano).

Usage: ``python doccano_check.py IN.jsonl OUT.jsonl``; prints ``errors N examples N spans N``.
"""
import json
import os
import sys
import tempfile

HOME = os.environ.setdefault("DOCCANO_HOME", tempfile.mkdtemp(prefix="doccano-"))
os.environ.update(STANDALONE="True", SECRET_KEY=os.environ.get("SECRET_KEY", "cnreport-check"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{HOME}/db.sqlite3")
os.environ.setdefault("MEDIA_ROOT", f"{HOME}/media")


def main(source: str, target: str) -> int:
    import backend
    sys.path.append(os.path.dirname(backend.__file__))
    import django
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core import management
    management.call_command("migrate", verbosity=0)
    from data_export.models import ExportedExample
    from data_export.pipeline.dataset import Dataset
    from data_export.pipeline.factories import create_comment, create_formatter, create_labels
    from data_import.datasets import load_dataset
    from data_import.pipeline.catalog import create_file_format
    from data_import.pipeline.readers import FileName
    from examples.models import Example
    from labels.models import Span
    from projects.models import ProjectType, SequenceLabelingProject

    user, _ = get_user_model().objects.get_or_create(username="cnreport")
    project = SequenceLabelingProject.objects.create(name=os.path.basename(source), created_by=user,
                                                     project_type=ProjectType.SEQUENCE_LABELING,
                                                     allow_overlapping=True, collaborative_annotation=True)
    name = os.path.basename(source)
    dataset = load_dataset(ProjectType.SEQUENCE_LABELING, create_file_format("JSONL"),
                           [FileName(full_path=source, generated_name=name, upload_name=name)], project,
                           column_data="text", column_label="label")
    dataset.save(user)
    examples = Example.objects.filter(project=project).count()
    spans = Span.objects.filter(example__project=project).count()
    print(f"errors {len(dataset.errors)} examples {examples} spans {spans}")
    exported = ExportedExample.objects.filter(project=project)
    frame = Dataset(exported, create_labels(project, exported), create_comment(exported)).to_dataframe()
    for formatter in create_formatter(project, "JSONL"):
        frame = formatter.format(frame)
    with open(target, "w", encoding="utf-8") as out:
        for row in frame.to_dict(orient="records"):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
