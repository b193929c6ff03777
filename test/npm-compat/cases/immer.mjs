import { produce, enablePatches, produceWithPatches, freeze } from "immer";

export function run() {
  enablePatches();
  const base = { todos: [{ id: 1, done: false }], count: 1 };
  const next = produce(base, (draft) => {
    draft.todos.push({ id: 2, done: true });
    draft.todos[0].done = true;
    draft.count += 1;
  });
  const [, patches, inverse] = produceWithPatches(base, (draft) => {
    draft.count = 10;
  });
  let frozenError = null;
  try {
    next.count = 5;
  } catch (error) {
    frozenError = error.constructor.name;
  }
  return {
    next,
    baseUnchanged: base.todos.length === 1 && base.todos[0].done === false,
    sharedUntouched: produce(base, () => {}) === base,
    patches,
    inverse,
    frozen: Object.isFrozen(next) && Object.isFrozen(freeze({ a: 1 })),
    frozenError,
  };
}
