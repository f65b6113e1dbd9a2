import { CheckCircleFilled, PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { type WalkIn } from '../../shared/intake/contract.js';
import { slipPath } from './common.js';
import { displayQueueNumber } from '../../shared/intake/zones.js';

/** The walk-in just registered: its queue number, large, and its slip. F9 prints the 80 mm slip. */
export const RegisteredPanel = ({ walkIn }: { walkIn: WalkIn }) => {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'F9') {
        e.preventDefault();
        navigate(slipPath(walkIn.id, 'receipt80'));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate, walkIn.id]);
  return (
    <Card size="small" data-testid="registered" style={{ marginTop: 12, borderColor: '#95de64', background: '#f6ffed' }}>
      <Flex align="center" gap={16}>
        <div style={{ textAlign: 'center', minWidth: 150 }}>
          <Typography.Text type="success">
            <CheckCircleFilled /> {t('intake.desk.registered')}
          </Typography.Text>
          <div data-testid="queue-no" style={{ fontSize: 52, fontWeight: 700, lineHeight: 1.1, letterSpacing: 2, color: '#1d4f91' }}>
            {displayQueueNumber(walkIn.queueNo, i18n.language)}
          </div>
          <div style={{ fontSize: 15 }}>{t('intake.desk.goTo', { route: t(`intake.routes.${walkIn.route}`) })}</div>
        </div>
        <Flex vertical gap={8} style={{ flex: 1, minWidth: 0 }}>
          <Typography.Text strong ellipsis={{ tooltip: walkIn.visitorName }} data-testid="registered-name">
            {walkIn.visitorName}
          </Typography.Text>
          <Typography.Text type="secondary">{t(`intake.purposes.${walkIn.purpose}`)}</Typography.Text>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => navigate(slipPath(walkIn.id, 'receipt80'))} data-testid="print-receipt">
            {t('intake.desk.printReceipt')}
          </Button>
          <Button icon={<PrinterOutlined />} onClick={() => navigate(slipPath(walkIn.id, 'A5'))} data-testid="print-a5">
            {t('intake.desk.printA5')}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('intake.desk.printHint')}
          </Typography.Text>
        </Flex>
      </Flex>
    </Card>
  );
};
