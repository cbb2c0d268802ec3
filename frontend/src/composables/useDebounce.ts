import { onBeforeUnmount } from 'vue'

/** A debounced function that is cancelled when the component unmounts. */
export function useDebouncedFn<A extends unknown[]>(fn: (...args: A) => void, wait = 300) {
  let timer: ReturnType<typeof setTimeout> | undefined
  const cancel = () => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
  }
  const debounced = (...args: A) => {
    cancel()
    timer = setTimeout(() => {
      timer = undefined
      fn(...args)
    }, wait)
  }
  onBeforeUnmount(cancel)
  return Object.assign(debounced, { cancel })
}
