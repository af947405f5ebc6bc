"""Validate cnreport's Label Studio tasks with label-studio-sdk's ``LabelInterface`` (run under a Python that has it).

Usage: ``python labelstudio_check.py TASKS.json CONFIG.xml``; prints the number of errors, then the first few.
"""
import json
import sys

from label_studio_sdk.label_interface import LabelInterface


def main(tasks_path: str, config_path: str) -> int:
    interface = LabelInterface(open(config_path, encoding="utf-8").read())
    interface.validate()
    errors = []
    for number, task in enumerate(json.load(open(tasks_path, encoding="utf-8")), 1):
        for kind in ("predictions", "annotations"):
            for entry in task.get(kind, []):
                errors += [f"task {number} {kind}: {e}" for e in interface.validate_prediction(entry, return_errors=True)]
        missing = [o.value_name for o in interface.objects if o.value_is_variable and task["data"].get(o.value_name) is None]
        errors += [f"task {number}: data lacks {name}" for name in missing]
    print(len(errors))
    print("\n".join(errors[:5]))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
