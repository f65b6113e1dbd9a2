/** How a task is named and coloured: by its function, in the standard's words for the language shown. */
import { useTranslation } from 'react-i18next';
import { displayQueueNumberIn } from '../../shared/intake/zones.js';
import { type LinkOption, type Task, type TaskFunction, type TaskStandard } from '../../shared/office/tasks.js';

export const FUNCTION_COLOR: Record<TaskFunction, string> = { population: 'blue', security: 'red', information: 'green', mediation: 'purple' };

/** A standard task's name in the language chosen (the code finds it in the list in force). */
export const useTaskName = (standard: TaskStandard | undefined) => {
  const { i18n } = useTranslation();
  return (task: Pick<Task, 'standardCode' | 'title'>) => {
    const std = task.standardCode ? standard?.tasks.find((s) => s.code === task.standardCode) : undefined;
    return i18n.language === 'en' && std && std.zh === task.title ? std.en : task.title;
  };
};

/** A linked record's label in the language shown: a walk-in's queue number in it as the reader reads numbers (M-003 in English). */
export const linkLabel = (link: Pick<LinkOption, 'label' | 'queueNo'>, lang: string): string => displayQueueNumberIn(link.label, link.queueNo, lang);
