import { App, Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { intakeUndoFinish } from '../../shared/intake/contract.js';
import { displayQueueNumber, UNDO_SECONDS } from '../../shared/intake/zones.js';
import { call } from '../app/api.js';
import { errorText } from '../app/i18n.js';

/**
 * The message of an end just given (离开, 办结, 转办) with its 撤销 button, for UNDO_SECONDS: a
 * click meant for something else costs nothing. The undo is called after the walk-in's buttons
 * (or the referral's dialog) may be gone: through `call`, not a hook of theirs.
 */
export const useEndMessage = () => {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const undo = (id: string, queueNo: string) =>
    call(intakeUndoFinish, { id }).then(
      () => void message.success({ key: 'intake-status', duration: 2, content: t('intake.actions.undone', { queueNo: displayQueueNumber(queueNo, i18n.language) }) }),
      (error: unknown) => void message.error({ key: 'intake-status', content: errorText(t, error) }),
    );
  return (done: string, walkIn: { id: string; queueNo: string }) =>
    void message.success({
      key: 'intake-status',
      duration: UNDO_SECONDS,
      content: (
        <Space>
          {done}
          <Button size="small" type="link" data-testid="act-undo" onClick={() => void undo(walkIn.id, walkIn.queueNo)}>
            {t('intake.actions.undo')}
          </Button>
        </Space>
      ),
    });
};
