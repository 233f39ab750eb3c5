#!/usr/bin/env python3
"""Extract the output shapes of the CodePipeline operations the sandbox serves from the Smithy
model, into codepipeline-outputs.json beside this script (read by tests/shapes.rs).

Usage: extract.py MODEL.json [SOURCE]
  MODEL.json  models/codepipeline/service/2015-07-09/codepipeline-2015-07-09.json of
              github.com/aws/api-models-aws (the model aws-sdk-codepipeline is generated from)
  SOURCE      where it came from, written into the output (repository, commit, blob)

Kept per shape: structures' members with their targets and which are required, list members,
map keys and values, enum values. Simple types (string, integer, boolean, timestamp, ...) are
inlined as their type name. Documentation and constraints are left out.
"""
import json
import sys

SERVED = [
    "CreatePipeline", "GetPipeline", "UpdatePipeline", "DeletePipeline", "ListPipelines",
    "TagResource", "UntagResource", "ListTagsForResource", "GetPipelineState",
    "StartPipelineExecution", "StopPipelineExecution", "RetryStageExecution", "RollbackStage",
    "PutApprovalResult", "EnableStageTransition", "DisableStageTransition",
    "ListPipelineExecutions", "GetPipelineExecution", "ListActionExecutions",
    "ListRuleExecutions", "OverrideStageCondition",
]
NS = "com.amazonaws.codepipeline#"
SIMPLE = {"string", "integer", "long", "short", "byte", "boolean", "timestamp", "float",
          "double", "bigInteger", "bigDecimal", "blob", "document"}


def main():
    model = json.load(open(sys.argv[1]))["shapes"]
    source = sys.argv[2] if len(sys.argv) > 2 else sys.argv[1]
    service = next(v for v in model.values() if v["type"] == "service")
    all_ops = sorted(o["target"].removeprefix(NS) for o in service["operations"])
    shapes = {}

    def ref(target):
        if target == "smithy.api#Unit":
            return None
        shape = model[target]
        if shape["type"] in SIMPLE:
            return shape["type"]
        name = target.removeprefix(NS)
        if name not in shapes:
            shapes[name] = None
            shapes[name] = describe(shape)
        return name

    def describe(shape):
        kind = shape["type"]
        if kind == "structure":
            members = shape.get("members", {})
            return {
                "type": "structure",
                "required": [m for m, d in members.items()
                             if "smithy.api#required" in d.get("traits", {})],
                "members": {m: ref(d["target"]) for m, d in members.items()},
            }
        if kind == "list":
            return {"type": "list", "member": ref(shape["member"]["target"])}
        if kind == "map":
            return {"type": "map", "key": ref(shape["key"]["target"]),
                    "value": ref(shape["value"]["target"])}
        if kind == "enum":
            return {"type": "enum", "values": sorted(
                d["traits"]["smithy.api#enumValue"] for d in shape["members"].values())}
        raise SystemExit(f"unexpected shape type {kind}")

    served = {}
    for op in SERVED:
        served[op] = ref(model[NS + op]["output"]["target"])
    out = {
        "source": source,
        "served": served,
        "not_served": [op for op in all_ops if op not in SERVED],
        "shapes": dict(sorted(shapes.items())),
    }
    path = __file__.rsplit("/", 1)[0] + "/codepipeline-outputs.json"
    with open(path, "w") as f:
        f.write("{\n")
        items = list(out.items())
        for i, (k, v) in enumerate(items):
            end = "," if i + 1 < len(items) else ""
            if k == "shapes":
                f.write(' "shapes": {\n')
                names = list(v)
                for j, name in enumerate(names):
                    sep = "," if j + 1 < len(names) else ""
                    f.write(f"  {json.dumps(name)}: {json.dumps(v[name])}{sep}\n")
                f.write(f" }}{end}\n")
            else:
                f.write(f" {json.dumps(k)}: {json.dumps(v)}{end}\n")
        f.write("}\n")


main()
