'use strict';
// Turns task inputs into mlops arguments. Every value becomes its own argv entry (the CLI is spawned without a
// shell), so a path with spaces or a value with quotes reaches mlops exactly as typed.
const tl = require('azure-pipelines-task-lib/task');

/** An input error the user can fix; reported as "Invalid input: ..." rather than as a crash. */
class InvalidInputError extends Error {}

function value(input, required) {
    try {
        const text = tl.getInput(input, required);
        return text === undefined || text === null || text.trim() === '' ? undefined : text.trim();
    } catch (e) {
        throw new InvalidInputError(e.message); // task-lib says "Input required: NAME"
    }
}

const inputs = {
    /** The input's value (throws InvalidInputError when a required one is empty). */
    value,
    /** [flag, value] when the input has a value, else nothing. */
    option(flag, input, required = false) {
        const text = value(input, required);
        return text === undefined ? [] : [flag, text];
    },
    /** [flag, N] for an optional whole number. */
    integer(flag, input) {
        const text = value(input, false);
        if (text === undefined) return [];
        if (!/^-?\d+$/.test(text)) throw new InvalidInputError(`${input} must be a whole number; found '${text}'`);
        return [flag, text];
    },
    /** [flag, "a,b"] from a comma- or newline-separated input (mlops splits the value on commas). */
    list(flag, input) {
        const text = value(input, false);
        if (text === undefined) return [];
        const items = text.split(/[,\r\n]+/).map(s => s.trim()).filter(s => s.length > 0);
        return items.length === 0 ? [] : [flag, items.join(',')];
    },
    /** [flag] when a boolean input is true. */
    flag(flag, input) {
        return tl.getBoolInput(input, false) ? [flag] : [];
    },
};

module.exports = { inputs, InvalidInputError };
