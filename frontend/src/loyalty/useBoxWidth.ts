/** The width of an element, followed as it changes (charts are drawn at the width they are given). */
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

export function useBoxWidth(box: Ref<HTMLElement | null>, initial = 640): Ref<number> {
  const width = ref(initial)
  let observer: ResizeObserver | null = null
  onMounted(() => {
    if (!box.value) return
    width.value = box.value.clientWidth || width.value
    if (typeof ResizeObserver !== 'undefined') {
      observer = new ResizeObserver((entries) => {
        const w = entries[0]?.contentRect.width
        if (w && Math.abs(w - width.value) >= 1) width.value = w
      })
      observer.observe(box.value)
    }
  })
  onBeforeUnmount(() => observer?.disconnect())
  return width
}
