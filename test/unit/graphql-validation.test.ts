import "reflect-metadata";
import { MaxLength } from "class-validator";
import { ArgumentValidationError } from "type-graphql";
import { describe, expect, it } from "vitest";
import { validateInput } from "../../src/graphql/schema.js";
import { CorrectFieldArgs } from "../../src/graphql/inputs/correction.input.js";

class NoteInput {
  @MaxLength(5)
  note?: string;
}

const note = (text?: string) => Object.assign(new NoteInput(), text === undefined ? {} : { note: text });
const call = (value: unknown) => validateInput(value, NoteInput, {} as never);

describe("validating GraphQL input arguments", () => {
  it("accepts an input object within its constraints, and one with its optional properties missing", async () => {
    await expect(call(note("short"))).resolves.toBeUndefined();
    await expect(call(note())).resolves.toBeUndefined();
  });

  it("refuses an input object breaking a constraint with type-graphql's ArgumentValidationError, naming the constraint, not the value", async () => {
    const error = await Promise.resolve(call(note("far too long"))).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ArgumentValidationError);
    const [issue] = (error as ArgumentValidationError).extensions.validationErrors;
    expect(issue?.property).toBe("note");
    expect(Object.keys(issue?.constraints ?? {})).toEqual(["maxLength"]);
    expect(issue).not.toHaveProperty("value");
    expect(issue).not.toHaveProperty("target");
  });

  it("checks every object of a list argument", async () => {
    await expect(call([note("ok"), note("far too long")])).rejects.toBeInstanceOf(ArgumentValidationError);
    await expect(call([note("ok"), null, "scalar"])).resolves.toBeUndefined();
  });

  it("leaves scalars and missing arguments alone", async () => {
    for (const v of [null, undefined, "a string far longer than five", 42, true]) await expect(call(v)).resolves.toBeUndefined();
  });

  it("applies the constraints Folio's own inputs declare", async () => {
    const input = Object.assign(new CorrectFieldArgs(), { documentId: "d", name: "", value: "x" });
    await expect(validateInput(input, CorrectFieldArgs, {} as never)).rejects.toBeInstanceOf(ArgumentValidationError);
  });
});

describe("the schema's argument validation", () => {
  it("refuses an argument breaking its declared constraint before any resolver runs", async () => {
    const { graphql } = await import("graphql");
    const { createSchema } = await import("../../src/graphql/schema.js");
    const result = await graphql({
      schema: await createSchema(),
      source: 'mutation { correctField(documentId: "00000000-0000-0000-0000-000000000000", name: "", value: "x") { id } }',
      contextValue: {},
    });
    expect(result.errors?.[0]?.originalError).toBeInstanceOf(ArgumentValidationError);
  });
});
