/**
 * Enter in a date or time picker takes the typed date and moves on; it does not also send the form
 * the picker sits in. Browsers submit a form on Enter in any of its inputs, so a range's first date,
 * or a term's start, sent the form half filled (refused, red borders, focus lost). Every form, once.
 */
export const keepEnterInPickers = (root: Document = document): void => {
  root.addEventListener(
    'keydown',
    (e) => {
      if (e.key !== 'Enter') return;
      const target = e.target as HTMLElement | null;
      // the picker still reads the Enter (React sees the event); only the form's own submit is stopped
      if (target?.closest('.ant-picker') && target.closest('form')) e.preventDefault();
    },
    true,
  );
};
