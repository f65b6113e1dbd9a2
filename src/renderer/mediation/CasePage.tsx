import { Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { mediationGet } from '../../shared/mediation/contract.js';
import { errorText } from '../app/i18n.js';
import { useMethod } from '../app/query.js';
import { CaseView } from './CaseView.js';

export const CasePage = () => {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const query = useMethod(mediationGet, { id });
  if (query.error) return <Result status="warning" title={errorText(t, query.error)} />;
  if (!query.data) return <Spin />;
  return <CaseView c={query.data} reload={() => void query.refetch()} fetchedAt={query.dataUpdatedAt} />;
};
