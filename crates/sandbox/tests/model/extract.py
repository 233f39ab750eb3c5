#!/usr/bin/env python3
"""Extract the output shapes of the operations the sandbox serves from a service's Smithy model,
into <service>-outputs.json beside this script (read by tests/shapes.rs).

Usage: extract.py SERVICE MODEL.json [SOURCE]
  SERVICE     one of the keys of SERVED below (codepipeline, codebuild, logs, ...)
  MODEL.json  <service>/service/<version>/<service>-<version>.json of github.com/aws/api-models-aws
              (the models the aws-sdk-* crates are generated from)
  SOURCE      where it came from, written into the output (repository, commit, blob)

Kept per shape: structures' members with their targets and which are required, list members,
map keys and values, enum values. Simple types (string, integer, boolean, timestamp, ...) are
inlined as their type name. Documentation and constraints are left out.
"""
import json
import sys

SERVED = {
    "codepipeline": [
        "CreatePipeline", "GetPipeline", "UpdatePipeline", "DeletePipeline", "ListPipelines",
        "TagResource", "UntagResource", "ListTagsForResource", "GetPipelineState",
        "StartPipelineExecution", "StopPipelineExecution", "RetryStageExecution", "RollbackStage",
        "PutApprovalResult", "EnableStageTransition", "DisableStageTransition",
        "ListPipelineExecutions", "GetPipelineExecution", "ListActionExecutions",
        "ListRuleExecutions", "OverrideStageCondition",
    ],
    "codebuild": ["BatchGetBuilds", "BatchGetReports", "DescribeTestCases", "ListReportsForReportGroup"],
    "logs": ["GetLogEvents", "FilterLogEvents"],
    "cloudformation": ["DescribeStackEvents", "DescribeStacks"],
    "codedeploy": ["GetDeployment", "ListDeploymentTargets", "BatchGetDeploymentTargets"],
    "codecommit": ["GetCommit", "BatchGetCommits", "GetDifferences", "GetBranch"],
    "codestar-connections": ["GetConnection", "ListConnections"],
    "codeconnections": ["GetConnection", "ListConnections"],
    "sso-oidc": ["RegisterClient", "StartDeviceAuthorization", "CreateToken"],
    "sso": ["GetRoleCredentials", "ListAccounts", "ListAccountRoles", "Logout"],
}
SIMPLE = {"string", "integer", "long", "short", "byte", "boolean", "timestamp", "float",
          "double", "bigInteger", "bigDecimal", "blob", "document"}


def main():
    key = sys.argv[1]
    model = json.load(open(sys.argv[2]))["shapes"]
    source = sys.argv[3] if len(sys.argv) > 3 else sys.argv[2]
    SERVED_OPS = SERVED[key]
    service_id, service = next((k, v) for k, v in model.items() if v["type"] == "service")
    NS = service_id.split("#")[0] + "#"
    ops = list(service.get("operations", []))
    for r in service.get("resources", []):
        stack = [r["target"]]
        while stack:
            res = model[stack.pop()]
            for k in ("create", "put", "read", "update", "delete", "list"):
                if k in res:
                    ops.append(res[k])
            ops.extend(res.get("operations", []))
            ops.extend(res.get("collectionOperations", []))
            stack.extend(x["target"] for x in res.get("resources", []))
    all_ops = sorted(set(o["target"].removeprefix(NS) for o in ops))
    shapes = {}

    def ref(target):
        if target == "smithy.api#Unit":
            return None
        if target.startswith("smithy.api#"):
            return target.removeprefix("smithy.api#").replace("String", "string").replace("Integer", "integer").replace("Long", "long").replace("Boolean", "boolean").replace("Timestamp", "timestamp").replace("PrimitiveBoolean", "boolean").replace("PrimitiveInteger", "integer").replace("PrimitiveLong", "long").lower()
        shape = model[target]
        if shape["type"] in SIMPLE:
            return shape["type"]
        if shape["type"] == "intEnum":
            return "integer"
        name = target.removeprefix(NS)
        if name not in shapes:
            shapes[name] = None
            shapes[name] = describe(shape)
        return name

    def describe(shape):
        kind = shape["type"]
        if kind == "structure":
            members = shape.get("members", {})
            names = {m: d.get("traits", {}).get("smithy.api#xmlName", d.get("traits", {}).get("smithy.api#jsonName", m)) for m, d in members.items()}
            out = {
                "type": "structure",
                "required": [names[m] for m, d in members.items()
                             if "smithy.api#required" in d.get("traits", {})],
                "members": {names[m]: ref(d["target"]) for m, d in members.items()},
            }
            return out
        if kind == "union":
            members = shape.get("members", {})
            return {"type": "structure", "required": [],
                    "members": {m: ref(d["target"]) for m, d in members.items()}}
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
    for op in SERVED_OPS:
        served[op] = ref(model[NS + op].get("output", {"target": "smithy.api#Unit"})["target"])
    out = {
        "source": source,
        "served": served,
        "not_served": [op for op in all_ops if op not in SERVED_OPS],
        "shapes": dict(sorted(shapes.items())),
    }
    path = __file__.rsplit("/", 1)[0] + f"/{key}-outputs.json"
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
